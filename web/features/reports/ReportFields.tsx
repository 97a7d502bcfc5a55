import { InboxOutlined } from '@ant-design/icons';
import { Col, DatePicker, Flex, Form, Grid, Input, InputNumber, Row, Select, Typography, Upload, type FormRule as Rule, type UploadFile } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PAYMENT_CHANNELS, REPORT_CATEGORIES } from '../../../contracts/reports';
import { formatBytes } from '../../shared/format';
import type { PublicConfig } from './api';
import { CURRENCIES, LIMITS, acceptAttribute, checkEvidence, evidenceFiles, isHttpUrl, splitTargetUrls, textLength } from './report-form';
import './report-fields.css';

/*
 * The fields of a report that the public form and the enterprise desk's form share: the same
 * limits, the same checks and the same words, so a report is refused for the same reasons whoever
 * files it. Each form lays them out in its own cards and names them for its own browser tests.
 */

/** Tolerated clock difference before a time counts as the future (the server allows the same). */
const FUTURE_TOLERANCE_MS = 10 * 60 * 1000;

/** What is wrong with the chosen evidence files, in words; empty when nothing is. */
export function evidenceProblems(
  list: readonly UploadFile[] | undefined,
  limits: PublicConfig['evidence'],
  t: TFunction,
  language: string,
): string[] {
  return checkEvidence(evidenceFiles(list), limits).map((problem) => {
    switch (problem.kind) {
      case 'tooMany':
        return t('report.evidence.tooMany', { limit: problem.limit });
      case 'tooLarge':
        return t('report.evidence.tooLarge', { name: problem.name, limit: formatBytes(problem.limitBytes, language) });
      case 'empty':
        return t('report.evidence.empty', { name: problem.name });
      case 'type':
        return t('report.evidence.type', { name: problem.name });
    }
  });
}

/** The description: required, at least `LIMITS.descriptionMin` characters and at most `descriptionMax`. */
export function descriptionRules(t: TFunction): Rule[] {
  return [
    { required: true, whitespace: true, message: t('report.fields.description.required') },
    {
      validator: async (_rule, value: string | undefined) => {
        const length = textLength((value ?? '').trim());
        if (length > 0 && length < LIMITS.descriptionMin)
          throw new Error(t('report.fields.description.tooShort', { min: LIMITS.descriptionMin, length }));
        if (length > LIMITS.descriptionMax) throw new Error(t('report.fields.description.tooLong', { max: LIMITS.descriptionMax }));
      },
    },
  ];
}

/** The target URLs, one a line: at most `LIMITS.targetUrlsMax`, each an http(s) URL; the wrong ones named. */
export function targetUrlRules(t: TFunction): Rule[] {
  return [
    {
      validator: async (_rule, value: string | undefined) => {
        const urls = splitTargetUrls(value);
        if (urls.length > LIMITS.targetUrlsMax) throw new Error(t('report.fields.targetUrls.tooMany', { max: LIMITS.targetUrlsMax }));
        const invalid = urls.filter((url) => url.length > LIMITS.targetUrlMaxLength || !isHttpUrl(url));
        if (invalid.length > 0)
          throw new Error(t('report.fields.targetUrls.invalid', { urls: invalid.slice(0, 3).join(t('common.listSeparator')) }));
      },
    },
  ];
}

/** When it happened: never in the future (beyond the clock tolerance). */
export function occurredAtRules(t: TFunction): Rule[] {
  return [
    {
      validator: async (_rule, value: { valueOf(): number } | null | undefined) => {
        if (value && value.valueOf() > Date.now() + FUTURE_TOLERANCE_MS) throw new Error(t('report.fields.occurredAt.future'));
      },
    },
  ];
}

/** A day picker's days after today, which cannot be chosen. */
export const isFutureDay = (date: { startOf(unit: 'day'): { valueOf(): number } }) => date.startOf('day').valueOf() > Date.now();

/** What was demanded or paid: amount, currency and channel, on one row from a tablet up. */
export function MoneyFields({ amountTestId, inputClassName }: { amountTestId?: string; inputClassName: string }) {
  const { t } = useTranslation();
  return (
    <Row gutter={16}>
      <Col xs={24} sm={10}>
        <Form.Item name={['money', 'amount']} label={t('report.fields.amount.label')}>
          <InputNumber
            data-testid={amountTestId}
            min={0}
            max={LIMITS.amountMax}
            precision={2}
            className={inputClassName}
            inputMode="decimal"
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={6}>
        <Form.Item name={['money', 'currency']} label={t('report.fields.currency.label')}>
          <Select
            options={CURRENCIES.map((code) => ({ value: code, label: `${code} · ${t(`currency.${code}`)}` }))}
            popupMatchSelectWidth={false}
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={8}>
        <Form.Item name={['money', 'channel']} label={t('report.fields.channel.label')}>
          <Select allowClear options={PAYMENT_CHANNELS.map((channel) => ({ value: channel, label: t(`paymentChannel.${channel}`) }))} />
        </Form.Item>
      </Col>
    </Row>
  );
}

/** The evidence files: chosen or dropped, checked against the server's limits before anything is sent. */
export function EvidenceField({
  limits,
  sending,
  inputTestId,
}: {
  limits: PublicConfig['evidence'];
  /** While the form is being sent, files cannot be taken off the list. */
  sending: boolean;
  inputTestId: string;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  return (
    <Form.Item
      name="evidence"
      label={t('report.evidence.label')}
      valuePropName="fileList"
      getValueFromEvent={(event: { fileList: UploadFile[] }) => event.fileList}
      extra={t('report.evidence.hint', { maxFiles: limits.maxFiles, maxSize: formatBytes(limits.maxFileBytes, language) })}
      rules={[
        {
          validator: async (_rule, value: UploadFile[] | undefined) => {
            const problems = evidenceProblems(value, limits, t, language);
            if (problems.length > 0) throw new Error(problems.join(' '));
          },
        },
      ]}
    >
      <Upload.Dragger
        data-testid={inputTestId}
        multiple
        accept={acceptAttribute(limits.allowedTypes)}
        beforeUpload={() => false}
        showUploadList={{ showRemoveIcon: !sending }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('report.evidence.drop')}</p>
        <p className="ant-upload-hint">{t('report.evidence.types')}</p>
      </Upload.Dragger>
    </Form.Item>
  );
}

/** The target URLs' text area, one URL a line. */
export function TargetUrlsInput(props: { 'data-testid': string }) {
  return (
    <Input.TextArea
      {...props}
      autoSize={{ minRows: 2, maxRows: 8 }}
      placeholder="https://"
      spellCheck={false}
      autoCapitalize="off"
      inputMode="url"
    />
  );
}

/**
 * What happened: the category (each with what it covers), the description, the target URLs, the
 * platform and when it happened. Test ids are `<testIdPrefix>-category`, `-description`,
 * `-target-urls`, `-platform` and `-occurred-at`.
 */
export function WhatHappenedFields({ testIdPrefix, descriptionRows }: { testIdPrefix: string; descriptionRows: number }) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const language = i18n.language;
  const categoryOptions = useMemo(
    () =>
      REPORT_CATEGORIES.map((category) => ({
        value: category,
        label: t(`category.${category}.label`),
        description: t(`category.${category}.description`),
      })),
    // The words change with the language.
    [t, language],
  );
  return (
    <>
      <Form.Item
        name="category"
        label={t('report.fields.category.label')}
        rules={[{ required: true, message: t('report.fields.category.required') }]}
      >
        <Select
          data-testid={`${testIdPrefix}-category`}
          placeholder={t('report.fields.category.placeholder')}
          options={categoryOptions}
          listHeight={360}
          optionRender={(option) => (
            <Flex vertical className="category-option">
              <span>{option.data.label}</span>
              <Typography.Text type="secondary" className="category-option-text">
                {option.data.description}
              </Typography.Text>
            </Flex>
          )}
        />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('report.fields.description.label')}
        extra={t('report.fields.description.hint', { min: LIMITS.descriptionMin })}
        rules={descriptionRules(t)}
      >
        <Input.TextArea
          data-testid={`${testIdPrefix}-description`}
          autoSize={{ minRows: descriptionRows, maxRows: descriptionRows + 10 }}
          count={{ show: true, max: LIMITS.descriptionMax, strategy: textLength }}
        />
      </Form.Item>
      <Form.Item
        name="targetUrls"
        label={t('report.fields.targetUrls.label')}
        extra={t('report.fields.targetUrls.hint', { max: LIMITS.targetUrlsMax })}
        rules={targetUrlRules(t)}
      >
        <TargetUrlsInput data-testid={`${testIdPrefix}-target-urls`} />
      </Form.Item>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <Form.Item
            name="platform"
            label={t('report.fields.platform.label')}
            extra={t('report.fields.platform.hint')}
            rules={[{ max: LIMITS.platformMax, message: t('report.fields.platform.tooLong', { max: LIMITS.platformMax }) }]}
          >
            <Input data-testid={`${testIdPrefix}-platform`} maxLength={LIMITS.platformMax} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12}>
          <Form.Item
            name="occurredAt"
            label={t('report.fields.occurredAt.label')}
            extra={t('report.fields.occurredAt.hint')}
            rules={occurredAtRules(t)}
          >
            <DatePicker
              data-testid={`${testIdPrefix}-occurred-at`}
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              disabledDate={isFutureDay}
              // No keyboard popping over the calendar on a phone.
              inputReadOnly={!screens.md}
              className="report-field-full"
            />
          </Form.Item>
        </Col>
      </Row>
    </>
  );
}
