import { Monitor, Moon, Sun } from 'lucide-react';
import { useUiStore } from '@/lib/client/ui-store';

export const THEMES = [
  { value: 'light', label: 'Light', icon: Sun },
  { value: 'dark', label: 'Dark', icon: Moon },
  { value: 'system', label: 'System', icon: Monitor },
] as const;

export function useTheme() {
  const theme = useUiStore((s) => s.theme);
  const setTheme = useUiStore((s) => s.setTheme);
  return [theme, setTheme] as const;
}
