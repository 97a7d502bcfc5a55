import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { describeError, type ErrorMessage } from './error-message';
import { ApiError, placeFieldErrors } from './problem';

/**
 * Shows a failed submission on a form: the server's field errors at their fields (by the API's
 * dotted field paths listed in `fields`), and a headline for the alert above the form. Errors the
 * form has no field for go into the headline's detail, so none is lost.
 */
export function showProblemOnForm(form: FormInstance, error: unknown, fields: readonly string[], t: TFunction): ErrorMessage {
  const summary = describeError(error, t);
  if (!(error instanceof ApiError) || error.fieldErrors.length === 0) return summary;
  const { placed, unplaced } = placeFieldErrors(error.fieldErrors, fields);
  if (placed.length > 0) {
    form.setFields(placed.map(({ name, errors }) => ({ name, errors })));
    form.scrollToField(placed[0]!.name, { block: 'center', focus: true });
  }
  const extra = unplaced.map((e) => e.message).join(' ');
  if (placed.length > 0 && !extra) return { title: summary.title, detail: t('common.seeFields') };
  return extra ? { ...summary, detail: extra } : summary;
}
