import type { AttributeValue, HitlAttribute } from '@/lib/fin';
import { attributeLabel, normalizeDataType } from './names';

export function formatAttributeValue(
  attribute: HitlAttribute | undefined,
  value: AttributeValue,
  locale?: string,
): string {
  const dataType = normalizeDataType(attribute?.data_type);
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (dataType === 'list') {
    const option = attribute?.options?.find((o) => o.id === value);
    if (option) return option.label;
  }
  if (dataType === 'datetime' && (typeof value === 'number' || typeof value === 'string')) {
    const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
    if (!Number.isNaN(date.getTime())) {
      return date.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
    }
  }
  if (typeof value === 'number') return value.toLocaleString(locale, { maximumFractionDigits: 20 });
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function describeAnswers(
  attributes: readonly HitlAttribute[],
  values: readonly { identifier: string; value: AttributeValue }[],
  locale?: string,
): { identifier: string; label: string; text: string }[] {
  return values.map((v) => {
    const attribute = attributes.find((a) => a.identifier === v.identifier);
    return {
      identifier: v.identifier,
      label: attribute ? attributeLabel(attribute) : v.identifier,
      text: formatAttributeValue(attribute, v.value, locale),
    };
  });
}
