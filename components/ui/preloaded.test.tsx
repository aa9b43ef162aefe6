// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { preloaded } from './preloaded';
import { sleep } from '@/testing/util';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const Greeting = ({ name }: { name: string }) => <p>Hello {name}</p>;
const Placeholder = ({ name }: { name: string }) => <p>Loading {name}</p>;

class Catch extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    return this.state.error ? <p>Failed: {this.state.error.message}</p> : this.props.children;
  }
}

describe('preloaded', () => {
  afterEach(cleanup);

  it('starts loading when created, shows the fallback with the props, then the component', async () => {
    const chunk = deferred<typeof Greeting>();
    let loads = 0;
    const Lazy = preloaded(() => {
      loads++;
      return chunk.promise;
    }, Placeholder);
    expect(loads).toBe(1);
    render(<Lazy name="Ada" />);
    expect(screen.getByText('Loading Ada')).toBeTruthy();
    await act(async () => chunk.resolve(Greeting));
    expect(screen.getByText('Hello Ada')).toBeTruthy();
    expect(loads).toBe(1);
  });

  it('renders the component at once when its chunk already arrived', async () => {
    const Lazy = preloaded(() => Promise.resolve(Greeting), Placeholder);
    await act(async () => undefined);
    render(<Lazy name="Grace" />);
    expect(screen.getByText('Hello Grace')).toBeTruthy();
    expect(screen.queryByText('Loading Grace')).toBeNull();
  });

  it('throws a failed load to the error boundary and tries again on the next render', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let attempt = 0;
    const Lazy = preloaded(() => {
      attempt++;
      return attempt === 1 ? Promise.reject(new Error('chunk lost')) : Promise.resolve(Greeting);
    }, Placeholder);
    const { rerender } = render(
      <Catch key="a">
        <Lazy name="Alan" />
      </Catch>,
    );
    await act(async () => undefined);
    expect(screen.getByText('Failed: chunk lost')).toBeTruthy();
    await act(() => sleep(5));
    rerender(
      <Catch key="b">
        <Lazy name="Alan" />
      </Catch>,
    );
    await act(async () => undefined);
    expect(screen.getByText('Hello Alan')).toBeTruthy();
    expect(attempt).toBe(2);
    logged.mockRestore();
  });
});
