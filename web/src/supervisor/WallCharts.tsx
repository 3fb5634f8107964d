// The wallboard's charts (ECharts): agents by state, callers waiting and ready agents per queue,
// and the calls answered and abandoned today per queue.
import { Card, Col, Row } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { AGENT_STATES, STATE_CHART_COLORS } from '../cti/labels';
import type { AgentView, QueueFigures } from '../cti/protocol';
import { EChart, type ChartOption } from './EChart';

function agentsByState(agents: AgentView[], t: TFunction): ChartOption {
  const slices = AGENT_STATES.map((state) => ({
    name: t(`cti.state.${state}`),
    value: agents.filter((agent) => agent.state === state).length,
    itemStyle: { color: STATE_CHART_COLORS[state] },
  })).filter((slice) => slice.value > 0);
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['40%', '70%'], data: slices, label: { formatter: '{b}: {c}' } }],
  };
}

// Bars per queue, one series per figure.
function perQueue(queues: QueueFigures[], series: { name: string; color: string; value: (q: QueueFigures) => number }[]): ChartOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: queues.map((queue) => queue.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: queues.map(s.value), itemStyle: { color: s.color } })),
  };
}

export function WallCharts({ agents, queues }: { agents: AgentView[]; queues: QueueFigures[] }) {
  const { t } = useTranslation();
  const waiting = perQueue(queues, [
    { name: t('desk.waiting'), color: '#ff4d4f', value: (queue) => queue.waiting },
    { name: t('cti.state.ready'), color: '#52c41a', value: (queue) => queue.agents.ready },
  ]);
  const today = perQueue(queues, [
    { name: t('wall.answeredToday'), color: '#1677ff', value: (queue) => queue.answered_today },
    { name: t('wall.abandonedToday'), color: '#fa8c16', value: (queue) => queue.abandoned_today },
  ]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('wall.agentsByState')}>
          <EChart option={agentsByState(agents, t)} testId="chart-agents" />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('wall.waitingPerQueue')}>
          <EChart option={waiting} testId="chart-queues" />
        </Card>
      </Col>
      <Col xs={24} lg={8}>
        <Card size="small" title={t('wall.todayPerQueue')}>
          <EChart option={today} testId="chart-today" />
        </Card>
      </Col>
    </Row>
  );
}
