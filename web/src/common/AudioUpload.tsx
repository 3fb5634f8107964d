import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload } from 'antd';
import { useTranslation } from 'react-i18next';

// A WAV picked in the browser and kept in the form (value: File | undefined); the page sends it.
export function AudioUpload({ value, onChange }: { value?: File; onChange?: (file: File | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <Upload
      accept=".wav,audio/wav,audio/x-wav"
      maxCount={1}
      fileList={value ? [{ uid: '1', name: value.name, status: 'done' }] : []}
      beforeUpload={(file) => {
        onChange?.(file);
        return false;
      }}
      onRemove={() => onChange?.(undefined)}
    >
      <Button icon={<UploadOutlined />} data-testid="pick-file">
        {t('media.pickWav')}
      </Button>
    </Upload>
  );
}
