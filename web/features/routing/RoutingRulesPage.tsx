import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Popconfirm, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { ApiError } from '../../shared/problem';
import { PageHeader } from '../../workbench/PageHeader';
import { hasRole, useMe } from '../auth/session';
import { useOrganizations } from '../cases/organizations';
import { ROUTING_RULES_QUERY_KEY, fetchRoutingRules, replaceRoutingRules, type RoutingAgency, type RoutingRule } from './api';
import { checkRules, isCatchAll, moveRule, newRule, removeRule, sortByPriority } from './rule-editing';
import { isRuleProblemCode, problemsOfFieldErrors } from './rule-problems';
import { RuleEditModal } from './RuleEditModal';
import './routing.css';
import { ErrorAlert } from '../../shared/ErrorAlert';

/** One problem to show: which rule, what (in the interface language), and the server's own sentence. */
interface ShownProblem {
  ruleIndex: number | null;
  text: string;
  detail?: string;
}

/** `then.assisting.1` → "assisting agency 2", `when.categories` → "categories", `name` → "name". */
function describePlace(place: string | null, t: TFunction): string | null {
  if (!place) return null;
  if (place === 'then.lead') return t('routingRules.fields.lead');
  const assisting = /^then\.assisting\.(\d+)$/.exec(place);
  if (assisting) return t('routingRules.assistingNumber', { n: Number(assisting[1]) + 1 });
  const field = /^(?:when\.)?(categories|regionPrefixes|targetKinds|moneyPaid|id|name|priority)$/.exec(place)?.[1] as
    'categories' | 'regionPrefixes' | 'targetKinds' | 'moneyPaid' | 'id' | 'name' | 'priority' | undefined;
  return field ? t(`routingRules.fields.${field}`) : place;
}

/** A server problem in the interface language by its code; the server's own words kept as the detail. */
function describeProblem(ruleIndex: number | null, code: string | null, place: string | null, message: string, t: TFunction): ShownProblem {
  if (!code || !isRuleProblemCode(code)) return { ruleIndex, text: message };
  const where = describePlace(place, t);
  return {
    ruleIndex,
    text: `${where ? `${where}${t('common.labelSeparator')}` : ''}${t(`routingRules.problems.${code}`)}`,
    ...(message ? { detail: message } : {}),
  };
}

function ProblemList({ problems, testId }: { problems: ShownProblem[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="routing-problems" data-testid={testId}>
      {problems.map((problem, i) => (
        <li key={i}>
          <Typography.Text strong>
            {problem.ruleIndex === null ? t('routingRules.wholeSet') : t('routingRules.ruleNumber', { n: problem.ruleIndex + 1 })}
            {t('common.labelSeparator')}
          </Typography.Text>
          {problem.text}
          {problem.detail && (
            <Typography.Text type="secondary" className="routing-problem-detail">
              {problem.detail}
            </Typography.Text>
          )}
        </li>
      ))}
    </ul>
  );
}

/**
 * `/workbench/routing-rules`: the rules that route new cases to their lead and assisting agencies,
 * with the problems the server finds. A top-level administrator edits a draft of the whole set and
 * saves it at once; the server refuses it whole when any rule is wrong.
 */
export function RoutingRulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const canEdit = hasRole(me.data, 'admin') && me.data?.organization.parentId === null;
  const { nameOf } = useOrganizations();

  const rules = useQuery({ queryKey: ROUTING_RULES_QUERY_KEY, queryFn: ({ signal }) => fetchRoutingRules(signal) });
  const [draft, setDraft] = useState<RoutingRule[] | null>(null);
  const [editing, setEditing] = useState<{ index: number | null; rule: RoutingRule } | null>(null);
  const [saveError, setSaveError] = useState<{ summary: ErrorMessage; problems: ShownProblem[] } | null>(null);

  const shown = draft ?? rules.data?.rules ?? [];
  const serverProblems = useMemo(
    () => (rules.data?.problems ?? []).map((p) => describeProblem(p.ruleIndex, p.code, p.place, p.message, t)),
    [rules.data, t],
  );
  const draftProblems = useMemo(
    () => (draft ? checkRules(draft).map((p) => ({ ruleIndex: p.ruleIndex, text: t(`routingRules.problems.${p.code}`) })) : []),
    [draft, t],
  );
  const flagged = new Set(
    (draft ? [...draftProblems, ...(saveError?.problems ?? [])] : serverProblems).flatMap((p) =>
      p.ruleIndex === null ? [] : [p.ruleIndex],
    ),
  );

  const save = useMutation({
    mutationFn: (next: RoutingRule[]) => replaceRoutingRules(next),
    onSuccess: (saved) => {
      queryClient.setQueryData(ROUTING_RULES_QUERY_KEY, { rules: saved.rules, source: 'stored', problems: [] });
      void queryClient.invalidateQueries({ queryKey: ROUTING_RULES_QUERY_KEY });
      setDraft(null);
      setSaveError(null);
      void message.success(t('routingRules.saved', { count: saved.rules.length }));
    },
    onError: (error) => {
      const problems =
        error instanceof ApiError
          ? problemsOfFieldErrors(error.fieldErrors).map(({ ruleIndex, code, place, message: text }) =>
              // The server's message is already in the interface language: no need to show it twice.
              code ? describeProblem(ruleIndex, code, place, '', t) : { ruleIndex, text },
            )
          : [];
      setSaveError({ summary: describeError(error, t), problems });
    },
  });

  const change = (next: RoutingRule[]) => {
    setDraft(next);
    setSaveError(null);
  };

  const agencyText = (agency: RoutingAgency): ReactNode => (
    <span>
      {t(`orgKinds.${agency.orgKind}`)}
      <Typography.Text type="secondary" className="wb-cell-detail">
        {' · '}
        {agency.orgId ? nameOf(agency.orgId) : t(`routingRules.regionSource.${agency.region ?? 'case'}`)}
      </Typography.Text>
    </span>
  );

  const columns: TableColumnsType<RoutingRule> = [
    {
      key: 'order',
      title: '#',
      width: draft ? 96 : 48,
      render: (_, __, index) =>
        draft ? (
          <Space.Compact size="small">
            <Button
              icon={<ArrowUpOutlined />}
              disabled={index === 0}
              aria-label={t('routingRules.moveUp', { n: index + 1 })}
              onClick={() => change(moveRule(draft, index, -1))}
              data-testid={`routing-up-${index}`}
            />
            <Button
              icon={<ArrowDownOutlined />}
              disabled={index === draft.length - 1}
              aria-label={t('routingRules.moveDown', { n: index + 1 })}
              onClick={() => change(moveRule(draft, index, 1))}
              data-testid={`routing-down-${index}`}
            />
          </Space.Compact>
        ) : (
          index + 1
        ),
    },
    {
      key: 'name',
      title: t('routingRules.columns.rule'),
      render: (_, rule) => (
        <Flex vertical gap={2} className="routing-rule-name">
          <Typography.Text>{rule.name || '—'}</Typography.Text>
          <Flex gap={4} wrap align="center">
            <Typography.Text type="secondary" className="mono wb-cell-detail">
              {rule.id ?? '—'}
            </Typography.Text>
            {!rule.enabled && <Tag className="no-margin">{t('routingRules.disabled')}</Tag>}
          </Flex>
          {rule.note && (
            <Typography.Text type="secondary" className="wb-cell-detail" ellipsis={{ tooltip: rule.note }}>
              {rule.note}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'when',
      title: t('routingRules.columns.when'),
      render: (_, rule) => <Conditions rule={rule} />,
    },
    {
      key: 'lead',
      title: t('routingRules.columns.lead'),
      render: (_, rule) => agencyText(rule.then.lead),
    },
    {
      key: 'assisting',
      title: t('routingRules.columns.assisting'),
      render: (_, rule) =>
        rule.then.assisting.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Flex vertical gap={2}>
            {rule.then.assisting.map((agency, i) => (
              <span key={i}>{agencyText(agency)}</span>
            ))}
          </Flex>
        ),
    },
    { key: 'priority', title: t('routingRules.columns.priority'), dataIndex: 'priority', width: 80 },
    ...(draft
      ? [
          {
            key: 'actions',
            title: t('common.actions'),
            render: (_: unknown, rule: RoutingRule, index: number) => (
              <Flex gap={4}>
                <Tooltip title={t('common.edit')}>
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    aria-label={t('routingRules.editNumber', { n: index + 1 })}
                    onClick={() => setEditing({ index, rule })}
                    data-testid={`routing-edit-${index}`}
                  />
                </Tooltip>
                <Popconfirm
                  title={t('routingRules.removeConfirm', { n: index + 1 })}
                  okText={t('routingRules.remove')}
                  cancelText={t('common.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => change(removeRule(draft, index))}
                >
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('routingRules.removeNumber', { n: index + 1 })}
                    data-testid={`routing-remove-${index}`}
                  />
                </Popconfirm>
              </Flex>
            ),
          },
        ]
      : []),
  ];

  const headerActions = draft ? (
    <>
      <Button onClick={() => setEditing({ index: null, rule: newRule(draft) })} icon={<PlusOutlined />} data-testid="routing-add">
        {t('routingRules.add')}
      </Button>
      <Button
        onClick={() => {
          setDraft(null);
          setSaveError(null);
        }}
        disabled={save.isPending}
        data-testid="routing-cancel"
      >
        {t('common.cancel')}
      </Button>
      <Button
        type="primary"
        loading={save.isPending}
        disabled={draftProblems.length > 0}
        onClick={() => save.mutate(draft)}
        data-testid="routing-save"
      >
        {t('routingRules.save')}
      </Button>
    </>
  ) : (
    <>
      <Button icon={<ReloadOutlined />} onClick={() => void rules.refetch()} loading={rules.isRefetching}>
        {t('common.refresh')}
      </Button>
      {canEdit && (
        <Button
          type="primary"
          icon={<EditOutlined />}
          disabled={!rules.data}
          onClick={() => rules.data && change(sortByPriority(rules.data.rules))}
          data-testid="routing-edit"
        >
          {t('routingRules.edit')}
        </Button>
      )}
    </>
  );

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('routingRules.title')} lead={t('routingRules.lead')} extra={headerActions} />
      <ErrorAlert error={rules.error} />
      {rules.data && !draft && (
        <Flex gap={8} wrap align="center">
          <Tag color={rules.data.source === 'stored' ? 'blue' : 'default'} className="no-margin" data-testid="routing-source">
            {rules.data.source === 'stored' ? t('routingRules.source.stored') : t('routingRules.source.default')}
          </Tag>
          {!canEdit && <Typography.Text type="secondary">{t('routingRules.readOnly')}</Typography.Text>}
        </Flex>
      )}
      {draft && <Alert type="info" showIcon title={t('routingRules.draftNotice')} />}
      {!draft && serverProblems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('routingRules.problemsFound', { count: serverProblems.length })}
          description={<ProblemList problems={serverProblems} testId="routing-problems" />}
        />
      )}
      {draft && draftProblems.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('routingRules.fixBeforeSaving')}
          description={<ProblemList problems={draftProblems} testId="routing-draft-problems" />}
        />
      )}
      {saveError && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={saveError.summary.title}
          description={
            saveError.problems.length > 0 ? (
              <ProblemList problems={saveError.problems} testId="routing-save-problems" />
            ) : (
              saveError.summary.detail
            )
          }
          data-testid="routing-save-error"
        />
      )}
      <Table<RoutingRule>
        rowKey={(rule) => `${shown.indexOf(rule)}:${rule.id ?? ''}`}
        size="small"
        columns={columns}
        dataSource={shown}
        loading={rules.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(_, index) => (flagged.has(index) ? 'routing-row-flagged' : '')}
        data-testid="routing-table"
      />
      {draft && (
        <RuleEditModal
          rule={editing?.rule ?? null}
          isNew={editing?.index === null}
          otherIds={draft.flatMap((rule, i) => (i !== editing?.index && rule.id ? [rule.id] : []))}
          onClose={() => setEditing(null)}
          onSave={(rule) => {
            if (!editing) return;
            change(sortByPriority(editing.index === null ? [...draft, rule] : draft.map((r, i) => (i === editing.index ? rule : r))));
            setEditing(null);
          }}
        />
      )}
    </Flex>
  );
}

/** A rule's conditions as tags; a rule without any matches every case. */
function Conditions({ rule }: { rule: RoutingRule }) {
  const { t } = useTranslation();
  if (isCatchAll(rule))
    return (
      <Tag color="gold" className="no-margin">
        {t('routingRules.catchAll')}
      </Tag>
    );
  const { categories, regionPrefixes, targetKinds, moneyPaid } = rule.when;
  return (
    <Flex vertical gap={4} className="routing-conditions">
      {categories && categories.length > 0 && (
        <Flex gap={4} wrap>
          {categories.map((c) => (
            <Tag key={c} color="blue" className="no-margin">
              {t(`category.${c}.label`)}
            </Tag>
          ))}
        </Flex>
      )}
      {targetKinds && targetKinds.length > 0 && (
        <Flex gap={4} wrap>
          {targetKinds.map((k) => (
            <Tag key={k} color="purple" className="no-margin">
              {t(`targetKind.${k}`)}
            </Tag>
          ))}
        </Flex>
      )}
      {regionPrefixes && regionPrefixes.length > 0 && (
        <Typography.Text className="wb-cell-detail">
          {t('routingRules.fields.regionPrefixes')}
          {t('common.labelSeparator')}
          <span className="mono">{regionPrefixes.join(t('common.listSeparator'))}</span>
        </Typography.Text>
      )}
      {moneyPaid !== undefined && (
        <Tag color={moneyPaid ? 'red' : 'default'} className="no-margin routing-money-tag">
          {t(moneyPaid ? 'routingRules.moneyPaid.yes' : 'routingRules.moneyPaid.no')}
        </Tag>
      )}
    </Flex>
  );
}
