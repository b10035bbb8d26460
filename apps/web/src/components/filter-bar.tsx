import { Flex } from 'antd';
import { Children, type ReactNode } from 'react';
import { useIsMobile } from '../features/shell/use-is-mobile';

/**
 * The filters above a list: side by side on a desk, one per line on a phone. Each filter control
 * should be 100% wide; the bar decides how wide that is.
 */
export function FilterBar({ children }: { children: ReactNode }) {
  const mobile = useIsMobile();
  return (
    <Flex gap={8} wrap style={{ marginBottom: 12 }}>
      {Children.map(children, (child) => (
        <div style={{ flex: '1 1 180px', maxWidth: mobile ? undefined : 280 }}>{child}</div>
      ))}
    </Flex>
  );
}
