import { Tooltip } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';

dayjs.extend(relativeTime);

/**
 * A moment as people say it ("3 hours ago", "in 2 days") in the reader's language, with the exact
 * date and time on hover and for screen readers.
 */
export function RelativeTime({ value }: { value: string }) {
  // The language is read so that the text follows a switch of language (dayjs's locale follows i18n).
  const { i18n } = useTranslation();
  const exact = formatDateTime(value);
  return (
    <Tooltip title={exact}>
      <time dateTime={value} lang={i18n.language}>
        {dayjs(value).fromNow()}
      </time>
    </Tooltip>
  );
}
