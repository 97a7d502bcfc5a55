import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Select, Switch, TreeSelect, Typography } from 'antd';
import { FormModal } from '../../shared/FormModal';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORG_KINDS, REGION_CODE_PATTERN, type OrgKind } from '../../../contracts/orgs';
import { isValidUscc } from '../../../contracts/uscc';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { adminKeys, createOrganization, updateOrganization, type Organization, type OrganizationChanges } from './api';
import type { OrganizationTreeOption } from './org-tree';

/** Creating an organization below `parentId`, or editing one. */
export type OrganizationFormTarget = { mode: 'create'; parentId: string | null } | { mode: 'edit'; organization: Organization };

interface OrganizationFormValues {
  name: string;
  kind: OrgKind;
  parentId: string;
  regionCode: string;
  domains: string[];
  icpNumbers: string[];
  uscc: string;
  active: boolean;
}

const ORGANIZATION_FIELDS = ['name', 'kind', 'parentId', 'regionCode', 'domains', 'icpNumbers', 'uscc', 'status'] as const;
const REGION_CODE = new RegExp(REGION_CODE_PATTERN);

/** Websites name their domains and ICP filing numbers; websites and enterprises their credit code. */
export function kindHasDomains(kind: OrgKind | undefined): boolean {
  return kind === 'website';
}

export function kindHasUscc(kind: OrgKind | undefined): boolean {
  return kind === 'website' || kind === 'enterprise';
}

function cleanList(values: string[] | undefined): string[] {
  return [...new Set((values ?? []).map((value) => value.trim()).filter(Boolean))];
}

export interface OrganizationFormModalProps {
  target: OrganizationFormTarget | null;
  parentOptions: OrganizationTreeOption[];
  onClose: () => void;
  onSaved: (organization: Organization) => void;
}

/** The form of an organization: name, kind and parent (when created), region, and what its kind needs. */
export function OrganizationFormModal({ target, parentOptions, onClose, onSaved }: OrganizationFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrganizationFormValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const editing = target?.mode === 'edit' ? target.organization : null;
  const watchedKind = Form.useWatch('kind', form);
  const kind = editing?.kind ?? watchedKind;

  // A fresh form (and no old error) each time the dialog opens; the values come from `initialValues`.
  useEffect(() => setFormError(null), [target]);

  const initialValues: Partial<OrganizationFormValues> = editing
    ? {
        name: editing.name,
        kind: editing.kind,
        regionCode: editing.regionCode,
        domains: editing.domains,
        icpNumbers: editing.icpNumbers,
        uscc: editing.uscc ?? '',
        active: editing.status === 'active',
      }
    : { ...(target?.mode === 'create' && target.parentId ? { parentId: target.parentId } : {}), domains: [], icpNumbers: [], active: true };

  const save = useMutation({
    mutationFn: (values: OrganizationFormValues) => {
      const details = {
        ...(kindHasDomains(kind) ? { domains: cleanList(values.domains), icpNumbers: cleanList(values.icpNumbers) } : {}),
        ...(kindHasUscc(kind) ? { uscc: values.uscc?.trim() ? values.uscc.trim().toUpperCase() : null } : {}),
      };
      if (editing) {
        const changes: OrganizationChanges = {
          name: values.name.trim(),
          regionCode: values.regionCode.trim(),
          ...details,
          status: values.active ? 'active' : 'disabled',
        };
        return updateOrganization(editing.id, changes);
      }
      return createOrganization({
        name: values.name.trim(),
        kind: values.kind,
        parentId: values.parentId,
        regionCode: values.regionCode.trim(),
        ...details,
      });
    },
    onSuccess: (organization) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.allOrganizations });
      onSaved(organization);
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, ORGANIZATION_FIELDS, t)),
  });

  return (
    <FormModal
      open={target !== null}
      title={editing ? t('admin.organizations.editTitle', { name: editing.name }) : t('admin.organizations.createTitle')}
      okText={editing ? t('common.save') : t('admin.organizations.create')}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={save.isPending}
      error={formError}
      width={560}
    >
      <Form<OrganizationFormValues>
        form={form}
        name="organization"
        layout="vertical"
        requiredMark="optional"
        initialValues={initialValues}
        clearOnDestroy
        onFinish={(values) => {
          setFormError(null);
          save.mutate(values);
        }}
        disabled={save.isPending}
      >
        <Form.Item
          name="name"
          label={t('admin.organizations.fields.name')}
          rules={[
            { required: true, whitespace: true, message: t('admin.organizations.fields.nameRequired') },
            { max: 200, message: t('common.tooLong', { max: 200 }) },
          ]}
        >
          <Input data-testid="organization-name" maxLength={200} />
        </Form.Item>
        {editing ? (
          <Form.Item label={t('admin.organizations.fields.kind')}>
            <Typography.Text>{t(`orgKinds.${editing.kind}`)}</Typography.Text>
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="kind"
              label={t('admin.organizations.fields.kind')}
              rules={[{ required: true, message: t('admin.organizations.fields.kindRequired') }]}
            >
              <Select
                data-testid="organization-kind"
                options={ORG_KINDS.map((value) => ({ value, label: t(`orgKinds.${value}`) }))}
                placeholder={t('admin.organizations.fields.kindPlaceholder')}
              />
            </Form.Item>
            <Form.Item
              name="parentId"
              label={t('admin.organizations.fields.parent')}
              rules={[{ required: true, message: t('admin.organizations.fields.parentRequired') }]}
            >
              <TreeSelect
                data-testid="organization-parent"
                treeData={parentOptions}
                treeDefaultExpandAll
                showSearch={{ treeNodeFilterProp: 'title' }}
              />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="regionCode"
          label={t('admin.organizations.fields.regionCode')}
          extra={t('admin.organizations.fields.regionCodeHint')}
          rules={[
            { required: true, whitespace: true, message: t('admin.organizations.fields.regionCodeRequired') },
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && value.trim() && !REGION_CODE.test(value.trim()))
                  throw new Error(t('admin.organizations.fields.regionCodeInvalid'));
              },
            },
          ]}
        >
          <Input
            data-testid="organization-region"
            inputMode="numeric"
            maxLength={6}
            className="mono-input region-input"
            placeholder="110000"
          />
        </Form.Item>
        {kindHasDomains(kind) && (
          <>
            <Form.Item name="domains" label={t('admin.organizations.fields.domains')} extra={t('admin.organizations.fields.domainsHint')}>
              <Select mode="tags" tokenSeparators={[',', '，', ' ', '\n']} open={false} suffixIcon={null} placeholder="example.com" />
            </Form.Item>
            <Form.Item name="icpNumbers" label={t('admin.organizations.fields.icpNumbers')} extra={t('admin.organizations.fields.icpHint')}>
              <Select
                mode="tags"
                tokenSeparators={[',', '，', '\n']}
                open={false}
                suffixIcon={null}
                placeholder={t('admin.organizations.fields.icpPlaceholder')}
              />
            </Form.Item>
          </>
        )}
        {kindHasUscc(kind) && (
          <Form.Item
            name="uscc"
            label={t('admin.organizations.fields.uscc')}
            extra={t('admin.organizations.fields.usccHint')}
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  if (value && value.trim() && !isValidUscc(value.trim().toUpperCase()))
                    throw new Error(t('admin.organizations.fields.usccInvalid'));
                },
              },
            ]}
          >
            <Input maxLength={18} autoCapitalize="characters" spellCheck={false} className="mono-input" />
          </Form.Item>
        )}
        {editing && (
          <Form.Item
            name="active"
            label={t('admin.organizations.fields.status')}
            valuePropName="checked"
            extra={t('admin.organizations.fields.statusHint')}
          >
            <Switch checkedChildren={t('orgStatus.active')} unCheckedChildren={t('orgStatus.disabled')} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
