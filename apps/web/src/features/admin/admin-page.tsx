import { Card, Flex, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useIsMobile } from '../shell/use-is-mobile';

/**
 * The frame of every settings page: title, what the page is for, its main actions, then the
 * content; on a card at a desk, straight on the page on a phone, where space is short.
 */
export function AdminPage({
  title,
  description,
  actions,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const mobile = useIsMobile();
  const content = (
    <>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: description ? 4 : 16 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {actions ? (
          <Flex gap={8} wrap>
            {actions}
          </Flex>
        ) : null}
      </Flex>
      {description ? (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
          {description}
        </Typography.Paragraph>
      ) : null}
      {children}
    </>
  );
  return mobile ? content : <Card>{content}</Card>;
}
