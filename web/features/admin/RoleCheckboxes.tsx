import { Checkbox, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { ROLES_BY_ORG_KIND, type OrgKind, type Role } from '../../../contracts/orgs';

export interface RoleCheckboxesProps {
  kind: OrgKind | undefined;
  /** Given by Form.Item. */
  value?: Role[];
  onChange?: (roles: Role[]) => void;
  id?: string;
}

/** The roles that fit an organization of this kind, one checkbox each. */
export function RoleCheckboxes({ kind, value, onChange, id }: RoleCheckboxesProps) {
  const { t } = useTranslation();
  const roles = kind ? ROLES_BY_ORG_KIND[kind] : [];
  return (
    <Checkbox.Group<Role> value={value ?? []} onChange={(next) => onChange?.(next)} {...(id ? { id } : {})}>
      <Flex wrap gap="8px 16px">
        {roles.map((role) => (
          <Checkbox key={role} value={role} data-testid={`role-${role}`}>
            {t(`roles.${role}`)}
          </Checkbox>
        ))}
      </Flex>
    </Checkbox.Group>
  );
}
