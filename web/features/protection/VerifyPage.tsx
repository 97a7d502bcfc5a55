import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/error-message';
import { PageHeader } from '../../workbench/PageHeader';
import { verifyRequester, type VerifyAnswer } from './api';
import './protection.css';
import { VERIFY_ANSWER_TYPE, verifyQuery } from './verify-answer';

interface Values {
  uscc?: string;
  name?: string;
  idNumber?: string;
  phone?: string;
}

/** For a website's compliance staff: may the person asking for a deletion act for the enterprise they name? */
export function VerifyPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const [incomplete, setIncomplete] = useState(false);
  const verify = useMutation({ mutationFn: verifyRequester });
  const answer: VerifyAnswer | undefined = verify.data?.answer;
  const error = verify.error ? describeError(verify.error, t) : null;

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('protectionVerify.title')} lead={t('protectionVerify.lead')} />
      <Card size="small">
        <Form
          form={form}
          name="verify-requester"
          layout="vertical"
          onValuesChange={() => verify.reset()}
          onFinish={(values) => {
            const query = verifyQuery(values);
            setIncomplete(query === null);
            if (query) verify.mutate(query);
          }}
        >
          <Flex gap={12} wrap>
            <Form.Item name="uscc" label={t('protectionVerify.uscc')} className="protection-field">
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="name" label={t('protectionVerify.name')} className="protection-field">
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="idNumber" label={t('protectionVerify.idNumber')} className="protection-field">
              <Input maxLength={30} autoComplete="off" />
            </Form.Item>
            <Form.Item name="phone" label={t('protectionVerify.phone')} className="protection-field">
              <Input maxLength={30} autoComplete="off" />
            </Form.Item>
          </Flex>
          <Button type="primary" htmlType="submit" loading={verify.isPending} data-testid="verify-submit">
            {t('protectionVerify.submit')}
          </Button>
        </Form>
      </Card>
      {incomplete && <Alert type="info" showIcon title={t('protectionVerify.incomplete')} />}
      {error && <Alert type="error" showIcon title={error.title} description={error.detail} />}
      {answer && (
        <Alert
          data-testid="verify-answer"
          data-answer={answer}
          type={VERIFY_ANSWER_TYPE[answer]}
          showIcon
          title={t(`protectionVerify.answer.${answer}.title`)}
          description={t(`protectionVerify.answer.${answer}.meaning`)}
        />
      )}
      <Typography.Paragraph type="secondary">{t('protectionVerify.privacy')}</Typography.Paragraph>
    </Flex>
  );
}
