import { HistoryOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { AdminPage } from '../../admin/admin-page';
import { describeImportError } from './import-format';
import { importKey, useImport } from './import-queries';
import { ImportSteps } from './import-steps';
import { isImportEditable } from './import-types';
import { MappingStep } from './mapping-step';
import { UploadStep } from './upload-step';

/** The mapping step of an uploaded file (or of a finished dry run); an import under way shows its progress instead. */
function ContinueImport({ id }: { id: string }) {
  const { t } = useTranslation();
  const imp = useImport(id);
  if (imp.error) {
    return (
      <Alert
        type="error"
        showIcon
        title={describeImportError(t, imp.error)}
        action={
          <Link to="/customers/import">
            <Button size="small">{t('imports.start.another')}</Button>
          </Link>
        }
      />
    );
  }
  if (!imp.data) return <Spin style={{ display: 'block', padding: 24 }} />;
  if (!isImportEditable(imp.data)) return <Navigate to={`/customers/imports/${id}`} replace />;
  return <MappingStep key={id} initial={imp.data} />;
}

/**
 * /customers/import: upload a file, map its columns, preview, start. The import's id goes into the
 * address once the file is up, so a reload or a link brings the person back to their mapping.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const id = params.get('id');
  return (
    <AdminPage
      title={t('imports.title')}
      description={id ? undefined : t('imports.intro')}
      actions={
        <Link to="/customers/imports">
          <Button icon={<HistoryOutlined />} data-testid="import-history">
            {t('imports.list.title')}
          </Button>
        </Link>
      }
    >
      {id ? (
        <ContinueImport id={id} />
      ) : (
        <>
          <ImportSteps current={0} />
          <UploadStep
            onUploaded={(created) => {
              queryClient.setQueryData(importKey(created.id), created);
              void navigate(`/customers/import?id=${created.id}`);
            }}
          />
        </>
      )}
    </AdminPage>
  );
}
