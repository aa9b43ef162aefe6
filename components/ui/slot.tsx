import * as React from 'react';

type AnyProps = Record<string, unknown>;
type Handler = (...args: unknown[]) => unknown;

function setRef<T>(ref: React.Ref<T> | undefined, value: T | null) {
  if (typeof ref === 'function') ref(value);
  else if (ref) ref.current = value;
}

/**
 * Radix's `asChild` Slot, smaller: the child's props win, but classes, styles, handlers (child's
 * first), `aria-describedby` ids and refs are merged.
 */
export const Slot = React.forwardRef<HTMLElement, { children?: React.ReactNode } & AnyProps>(function Slot(
  { children, ...slotProps },
  forwardedRef,
) {
  if (!React.isValidElement<AnyProps>(children)) {
    if (children || children === 0) throw new Error('Slot expects a single React element as its child');
    return null;
  }
  const childProps = children.props;
  const merged: AnyProps = { ...slotProps, ...childProps };
  for (const key of Object.keys(childProps)) {
    const slotValue = slotProps[key];
    const childValue = childProps[key];
    if (slotValue === undefined || childValue === undefined) continue;
    if (/^on[A-Z]/.test(key) && typeof slotValue === 'function' && typeof childValue === 'function') {
      merged[key] = (...args: unknown[]) => {
        const result = (childValue as Handler)(...args);
        (slotValue as Handler)(...args);
        return result;
      };
    } else if (key === 'style') {
      merged.style = { ...(slotValue as object), ...(childValue as object) };
    } else if (key === 'className' || key === 'aria-describedby') {
      merged[key] =
        [slotValue, childValue].filter((v): v is string => typeof v === 'string' && v !== '').join(' ') ||
        undefined;
    }
  }
  const childRef = childProps.ref as React.Ref<HTMLElement> | undefined;
  merged.ref = forwardedRef
    ? (node: HTMLElement | null) => {
        setRef(forwardedRef, node);
        setRef(childRef, node);
      }
    : childRef;
  return React.cloneElement(children, merged);
});
