// The wallboard's charts (ECharts, only the parts used): agents by state, callers waiting per queue.
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { Card, Col, Row } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AGENT_STATES, STATE_CHART_COLORS } from '../cti/labels';
import type { AgentView, QueueFigures } from '../cti/protocol';

echarts.use([PieChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

// One ECharts instance on a div, given new options on every change, resized with the window.
function Chart({ option, testId }: { option: echarts.EChartsCoreOption; testId: string }) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = echarts.init(element.current);
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={element} data-testid={testId} style={{ width: '100%', height: 260 }} />;
}

export function WallCharts({ agents, queues }: { agents: AgentView[]; queues: QueueFigures[] }) {
  const { t } = useTranslation();
  const byState = AGENT_STATES.map((state) => ({
    name: t(`cti.state.${state}`),
    value: agents.filter((agent) => agent.state === state).length,
    itemStyle: { color: STATE_CHART_COLORS[state] },
  })).filter((slice) => slice.value > 0);

  const pie: echarts.EChartsCoreOption = {
    animation: false,
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['40%', '70%'], data: byState, label: { formatter: '{b}: {c}' } }],
  };
  const bars: echarts.EChartsCoreOption = {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0 },
    grid: { left: 40, right: 16, top: 16, bottom: 48 },
    xAxis: { type: 'category', data: queues.map((queue) => queue.name) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { type: 'bar', name: t('desk.waiting'), data: queues.map((queue) => queue.waiting), itemStyle: { color: '#ff4d4f' } },
      { type: 'bar', name: t('cti.state.ready'), data: queues.map((queue) => queue.agents.ready), itemStyle: { color: '#52c41a' } },
    ],
  };

  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        <Card size="small" title={t('wall.agentsByState')}>
          <Chart option={pie} testId="chart-agents" />
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('wall.waitingPerQueue')}>
          <Chart option={bars} testId="chart-queues" />
        </Card>
      </Col>
    </Row>
  );
}
