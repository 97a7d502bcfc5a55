import { Alert, Flex, Spin, Typography } from 'antd';
import { useEffect, useImperativeHandle, useMemo, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

/** What the report form can ask of the challenge after a failed submission. */
export interface AltchaChallengeHandle {
  /** Discards the spent solution and solves a fresh challenge straight away. */
  renew(): void;
}

export interface AltchaChallengeProps {
  challengeUrl: string;
  /** The solved payload (base64), or null while unsolved; given by Form.Item. */
  value?: string | null;
  onChange?: (payload: string | null) => void;
  /** Form.Item's control id, given to the widget's checkbox so the field label points at it. */
  id?: string;
  ref?: Ref<AltchaChallengeHandle>;
}

type WidgetElement = HTMLElement & Partial<Pick<AltchaWidgetMethods, 'reset' | 'verify'>>;

/**
 * The ALTCHA proof-of-work widget as a form control. The browser solves a small puzzle locally —
 * no tracking, no third party — and the payload goes with the report in the `X-Altcha` header.
 * The widget script is loaded only when the form needs it.
 */
export function AltchaChallenge({ challengeUrl, onChange, id, ref }: AltchaChallengeProps) {
  const { t, i18n } = useTranslation();
  const widgetRef = useRef<WidgetElement>(null);
  const onChangeRef = useRef(onChange);
  const [loaded, setLoaded] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);

  useEffect(() => {
    let active = true;
    import('altcha').then(
      () => active && setLoaded('ready'),
      () => active && setLoaded('failed'),
    );
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    const widget = widgetRef.current;
    if (loaded !== 'ready' || !widget) return;
    const onStateChange = (event: Event) => {
      const { state, payload } = (event as AltchaStateChangeEvent).detail;
      onChangeRef.current?.(state === 'verified' && payload ? payload : null);
    };
    widget.addEventListener('statechange', onStateChange);
    return () => widget.removeEventListener('statechange', onStateChange);
  }, [loaded]);

  useImperativeHandle(
    ref,
    () => ({
      renew() {
        const widget = widgetRef.current;
        onChangeRef.current?.(null);
        widget?.reset?.();
        void widget?.verify?.();
      },
    }),
    [],
  );

  // The widget's own words, in the interface language (its `strings` attribute takes JSON).
  const strings = useMemo(
    () =>
      JSON.stringify({
        label: t('altcha.label'),
        verify: t('altcha.verify'),
        verifying: t('altcha.verifying'),
        verified: t('altcha.verified'),
        verificationRequired: t('altcha.verificationRequired'),
        waitAlert: t('altcha.waitAlert'),
        error: t('altcha.error'),
        expired: t('altcha.expired'),
        loading: t('altcha.loading'),
        reload: t('altcha.reload'),
        enterCode: t('altcha.enterCode'),
        enterCodeAria: t('altcha.enterCodeAria'),
        getAudioChallenge: t('altcha.getAudioChallenge'),
        ariaLinkLabel: t('altcha.ariaLinkLabel'),
        footer: t('altcha.footer'),
      }),
    // `t` keeps its identity across a language switch; the language is what changes the words.
    [t, i18n.language],
  );

  if (loaded === 'failed') return <Alert type="error" showIcon title={t('altcha.loadFailed')} />;
  if (loaded === 'loading') return <Spin size="small" />;
  return (
    <Flex vertical gap={4}>
      <altcha-widget
        ref={widgetRef}
        challengeurl={challengeUrl}
        strings={strings}
        auto="onfocus"
        hidefooter
        hidelogo
        {...(id ? { id } : {})}
        style={{ '--altcha-max-width': '100%', '--altcha-border-radius': '8px', '--altcha-color-border': '#d9d9d9' }}
      />
      <Typography.Text type="secondary" className="field-hint">
        {t('altcha.explanation')}
      </Typography.Text>
    </Flex>
  );
}
