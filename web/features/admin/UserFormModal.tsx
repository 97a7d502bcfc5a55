import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, TreeSelect, Typography } from 'antd';
import { FormModal } from '../../shared/FormModal';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { requiresTwoFactor, roleFitsOrgKind, type OrgKind, type Role } from '../../../contracts/orgs';
import type { ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { adminKeys, inviteUser, updateUser, type Invitation, type Organization, type User } from './api';
import type { OrganizationTreeOption } from './org-tree';
import { RoleCheckboxes } from './RoleCheckboxes';

export type UserFormTarget = { mode: 'invite'; orgId: string | null } | { mode: 'edit'; user: User };

interface UserFormValues {
  orgId: string;
  email: string;
  displayName: string;
  roles: Role[];
}

const USER_FIELDS = ['orgId', 'email', 'displayName', 'roles'] as const;

export interface UserFormModalProps {
  target: UserFormTarget | null;
  organizations: ReadonlyMap<string, Organization>;
  orgOptions: OrganizationTreeOption[];
  onClose: () => void;
  onInvited: (user: User, invitation: Invitation) => void;
  onSaved: (user: User) => void;
}

/** Inviting a person (organization, e-mail, name, roles that fit the organization), or changing one. */
export function UserFormModal({ target, organizations, orgOptions, onClose, onInvited, onSaved }: UserFormModalProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<UserFormValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const editing = target?.mode === 'edit' ? target.user : null;
  const watchedOrgId = Form.useWatch('orgId', form);
  const orgId = editing?.orgId ?? watchedOrgId;
  const kind: OrgKind | undefined = orgId ? organizations.get(orgId)?.kind : undefined;
  const roles = Form.useWatch('roles', form) ?? [];

  useEffect(() => setFormError(null), [target]);

  // Roles that do not fit the newly chosen organization's kind are dropped rather than refused later.
  useEffect(() => {
    if (!kind || editing) return;
    const current = (form.getFieldValue('roles') as Role[] | undefined) ?? [];
    const fitting = current.filter((role) => roleFitsOrgKind(role, kind));
    if (fitting.length !== current.length) form.setFieldValue('roles', fitting);
  }, [kind, editing, form]);

  const initialValues: Partial<UserFormValues> = editing
    ? { displayName: editing.displayName, roles: editing.roles }
    : { ...(target?.mode === 'invite' && target.orgId ? { orgId: target.orgId } : {}), roles: [] };

  const save = useMutation({
    mutationFn: async (values: UserFormValues) => {
      if (editing) return { user: await updateUser(editing.id, { displayName: values.displayName.trim(), roles: values.roles }) };
      return inviteUser({ orgId: values.orgId, email: values.email.trim(), displayName: values.displayName.trim(), roles: values.roles });
    },
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
      if ('invitation' in result && result.invitation) onInvited(result.user, result.invitation);
      else onSaved(result.user);
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, USER_FIELDS, t)),
  });

  return (
    <FormModal
      open={target !== null}
      title={editing ? t('admin.users.editTitle', { name: editing.displayName }) : t('admin.users.inviteTitle')}
      okText={editing ? t('common.save') : t('admin.users.sendInvitation')}
      onOk={() => form.submit()}
      onClose={onClose}
      sending={save.isPending}
      error={formError}
      width={560}
    >
      <Form<UserFormValues>
        form={form}
        name="user"
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
        {editing ? (
          <Form.Item label={t('admin.users.fields.email')}>
            <Typography.Text>{editing.email}</Typography.Text>
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="orgId"
              label={t('admin.users.fields.organization')}
              rules={[{ required: true, message: t('admin.users.fields.organizationRequired') }]}
            >
              <TreeSelect data-testid="user-org" treeData={orgOptions} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} />
            </Form.Item>
            <Form.Item
              name="email"
              label={t('admin.users.fields.email')}
              rules={[
                { required: true, whitespace: true, message: t('admin.users.fields.emailRequired') },
                { type: 'email', message: t('admin.users.fields.emailInvalid') },
              ]}
            >
              <Input data-testid="user-email" type="email" inputMode="email" autoComplete="off" maxLength={254} />
            </Form.Item>
          </>
        )}
        <Form.Item
          name="displayName"
          label={t('admin.users.fields.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('admin.users.fields.displayNameRequired') },
            { max: 100, message: t('common.tooLong', { max: 100 }) },
          ]}
        >
          <Input data-testid="user-name" maxLength={100} autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="roles"
          label={t('admin.users.fields.roles')}
          extra={kind ? t('admin.users.fields.rolesHint', { kind: t(`orgKinds.${kind}`) }) : t('admin.users.fields.rolesChooseOrg')}
          rules={[{ required: true, type: 'array', min: 1, message: t('admin.users.fields.rolesRequired') }]}
        >
          <RoleCheckboxes kind={kind} />
        </Form.Item>
        {requiresTwoFactor(roles) && (
          <Alert type="info" showIcon icon={<SafetyCertificateOutlined />} title={t('admin.users.twoFactorNote')} />
        )}
      </Form>
    </FormModal>
  );
}
