// What came with a call another agent handed over, for the screen pop: the consultation it is
// (whose customer the consulting agent calls about), and the business data sent along with a
// transfer or a consultation — the note on its own, any other fields as a key / value list.
import { TeamOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BusinessData, ConsultOrigin } from '../cti/protocol';

export function ConsultFrom({ consult }: { consult: ConsultOrigin }) {
  const { t } = useTranslation();
  return (
    <Alert type="info" showIcon icon={<TeamOutlined />} data-testid="pop-consult"
      message={t('desk.consultFrom', { by: consult.by, customer: consult.customer })} />
  );
}

// A field's value as text: strings as they are, anything else as its JSON.
function shown(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function BusinessDataView({ data }: { data: BusinessData | null | undefined }) {
  const { t } = useTranslation();
  if (!data) return null;
  const note = typeof data.note === 'string' && data.note.trim() ? data.note : null;
  const fields = Object.entries(data).filter(([key]) => key !== 'note' || typeof data.note !== 'string');
  if (note === null && fields.length === 0) return null;
  return (
    <div data-testid="pop-data">
      <Typography.Title level={5}>{t('desk.businessData')}</Typography.Title>
      {note !== null && (
        <Alert type="warning" data-testid="pop-note" style={{ marginBottom: fields.length > 0 ? 8 : 0 }}
          message={<Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{note}</Typography.Text>} />
      )}
      {fields.length > 0 && (
        <Descriptions size="small" column={1} bordered data-testid="pop-data-fields">
          {fields.map(([key, value]) => (
            <Descriptions.Item key={key} label={key}>{shown(value)}</Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </div>
  );
}
