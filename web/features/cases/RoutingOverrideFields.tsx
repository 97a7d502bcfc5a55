import { Form, Input, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOrganizations } from './organizations';

/**
 * The fields of a routing override, at `override` in the form: the lead agency and assisting
 * agencies chosen by hand instead of the matched rule's, and the reason, which the case keeps.
 * Shared by opening a case from triage and routing a returned case again.
 */
export function RoutingOverrideFields() {
  const { t } = useTranslation();
  const organizations = useOrganizations();
  return (
    <>
      <Form.Item
        name={['override', 'leadOrgId']}
        label={t('triage.openCase.fields.leadOrgId')}
        rules={[{ required: true, message: t('triage.openCase.fields.leadRequired') }]}
      >
        <Select showSearch={{ optionFilterProp: 'label' }} options={organizations.options} loading={organizations.query.isPending} />
      </Form.Item>
      <Form.Item name={['override', 'assistingOrgIds']} label={t('triage.openCase.fields.assistingOrgIds')}>
        <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={organizations.options} />
      </Form.Item>
      <Form.Item
        name={['override', 'reason']}
        label={t('triage.openCase.fields.overrideReason')}
        rules={[{ required: true, whitespace: true, message: t('triage.openCase.fields.reasonRequired') }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
      </Form.Item>
    </>
  );
}
