import { InboxOutlined } from '@ant-design/icons';
import { App, Button, Flex, Progress, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes, useReportImportError } from './import-format';
import type { Import } from './import-types';
import { MAX_IMPORT_BYTES, uploadImportFile, type UploadProgress } from './upload-file';

type Sending = { fileName: string } & UploadProgress;

/** Step one: the person drops or picks a CSV or Excel file and watches it go up. */
export function UploadStep({ onUploaded }: { onUploaded: (created: Import) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const report = useReportImportError();
  const [sending, setSending] = useState<Sending>();
  const abort = useRef<AbortController>(undefined);
  // Leaving the page stops an upload in flight: nobody is left to map its columns.
  useEffect(() => () => abort.current?.abort(), []);

  const send = async (file: File) => {
    const controller = new AbortController();
    abort.current = controller;
    setSending({ fileName: file.name, loaded: 0, total: file.size });
    try {
      const created = await uploadImportFile(file, (progress) => setSending({ fileName: file.name, ...progress }), controller.signal);
      onUploaded(created);
    } catch (err) {
      if (!(err instanceof DOMException && err.name === 'AbortError')) report(err);
      setSending(undefined);
    }
  };

  if (sending) {
    const percent = sending.total ? Math.floor((sending.loaded / sending.total) * 100) : 0;
    // Once every byte is out, the server still reads the header and guesses the encoding.
    const reading = sending.total > 0 && sending.loaded >= sending.total;
    return (
      <Flex vertical gap={12} style={{ padding: '24px 0' }} data-testid="import-upload-progress">
        <Typography.Text strong style={{ wordBreak: 'break-all' }}>
          {sending.fileName}
        </Typography.Text>
        <Progress percent={percent} status="active" />
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text type="secondary">
            {reading
              ? t('imports.upload.reading')
              : t('imports.upload.sent', { loaded: formatBytes(sending.loaded), total: formatBytes(sending.total) })}
          </Typography.Text>
          <Button onClick={() => abort.current?.abort()} data-testid="import-upload-cancel">
            {t('imports.upload.cancel')}
          </Button>
        </Flex>
      </Flex>
    );
  }

  return (
    <div data-testid="import-upload">
      <Upload.Dragger
        accept=".csv,.txt,.xlsx"
        multiple={false}
        showUploadList={false}
        beforeUpload={(file) => {
          if (file.size > MAX_IMPORT_BYTES) {
            void message.error(t('imports.upload.tooLarge', { max: formatBytes(MAX_IMPORT_BYTES) }));
            return Upload.LIST_IGNORE;
          }
          return true;
        }}
        customRequest={({ file }) => {
          if (file instanceof File) void send(file);
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('imports.upload.drop')}</p>
        <p className="ant-upload-hint">{t('imports.upload.hint', { max: formatBytes(MAX_IMPORT_BYTES) })}</p>
      </Upload.Dragger>
    </div>
  );
}
