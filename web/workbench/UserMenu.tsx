import { DownOutlined, GlobalOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Button, Dropdown, Grid, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { Me } from '../../contracts/orgs';
import { changeLanguage, currentLanguage } from '../app/i18n';
import { useSignOut } from '../features/auth/session';

/** The person's initial, for the avatar. */
function initialOf(name: string): string {
  return [...name.trim()][0]?.toUpperCase() ?? '?';
}

/** The header's account menu: who is signed in, the profile, the language, signing out. */
export function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const screens = Grid.useBreakpoint();
  const nextLanguage = currentLanguage() === 'zh-CN' ? 'en' : 'zh-CN';

  const items: MenuProps['items'] = [
    {
      key: 'who',
      type: 'group',
      label: (
        <span className="user-menu-who">
          <strong>{me.user.displayName}</strong>
          <br />
          {me.user.email}
        </span>
      ),
    },
    { type: 'divider' },
    { key: 'profile', icon: <UserOutlined />, label: t('workbench.user.profile') },
    {
      key: 'language',
      icon: <GlobalOutlined />,
      label: (
        <span>
          {t('workbench.user.language')}
          {t('common.labelSeparator')}
          <span lang={nextLanguage}>{t('layout.otherLanguage')}</span>
        </span>
      ),
    },
    { type: 'divider' },
    { key: 'signOut', icon: <LogoutOutlined />, danger: true, label: t('workbench.user.signOut') },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'profile') void navigate('/workbench/profile');
    else if (key === 'language') void changeLanguage(nextLanguage);
    else if (key === 'signOut') signOut.mutate();
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <Button
        type="text"
        className="user-menu-button"
        data-testid="user-menu"
        aria-label={t('workbench.user.menu')}
        loading={signOut.isPending}
      >
        <Avatar size="small" className="user-avatar" aria-hidden>
          {initialOf(me.user.displayName)}
        </Avatar>
        {screens.sm && <span className="user-menu-name">{me.user.displayName}</span>}
        <DownOutlined className="user-menu-caret" />
      </Button>
    </Dropdown>
  );
}
