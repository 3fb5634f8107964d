import { DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Holiday } from '../api/types';
import { CrudPage } from '../common/CrudPage';
import { formatTime } from '../common/format';

// Holiday calendars (IVR-5): dates a flow's condition branch with "holiday": CALENDAR takes.
export function HolidaysPage() {
  const { t } = useTranslation();
  return (
    <CrudPage<Holiday>
      resource="holiday"
      title={t('menu.holidays')}
      listPath="/api/v1/holidays"
      rowKey={(h) => h.id}
      writeCapability="holidays.write"
      describe={(h) => `${h.calendar} ${h.date}`}
      canEdit={() => false}
      columns={[
        { title: t('holidays.calendar'), dataIndex: 'calendar' },
        { title: t('holidays.date'), dataIndex: 'date', sorter: (a, b) => a.date.localeCompare(b.date) },
        { title: t('fields.name'), dataIndex: 'name' },
        { title: t('fields.createdAt'), dataIndex: 'created_at', render: formatTime },
      ]}
      initialValues={{ calendar: 'cn' }}
      toBody={(values) => ({
        calendar: values.calendar,
        date: (values.date as Dayjs | undefined)?.format('YYYY-MM-DD') ?? '',
        name: values.name ?? '',
      })}
      formFields={() => (
        <>
          <Form.Item name="calendar" label={t('holidays.calendar')} extra={t('holidays.calendarHint')} rules={[{ required: true, message: t('validation.required') }]}>
            <Input />
          </Form.Item>
          <Form.Item name="date" label={t('holidays.date')} rules={[{ required: true, message: t('validation.required') }]}>
            <DatePicker style={{ width: '100%' }} defaultPickerValue={dayjs()} />
          </Form.Item>
          <Form.Item name="name" label={t('fields.name')}>
            <Input />
          </Form.Item>
        </>
      )}
    />
  );
}
