import { GpuClassRate } from '../config/GpuMetricsConfig';
import { classOfModel, recommendRightsizing } from './rightsizing';

const classes: GpuClassRate[] = [
  {
    id: 'h100',
    productLabel: 'NVIDIA-H100-80GB-HBM3',
    memoryMiB: 81559,
    hourlyRate: 4.5,
    migProfiles: [
      { name: '1g.10gb', memoryMiB: 9984, hourlyRate: 0.7 },
      { name: '3g.40gb', memoryMiB: 40320, hourlyRate: 2.4 },
    ],
  },
  {
    id: 'l40s',
    productLabel: 'NVIDIA-L40S',
    memoryMiB: 46068,
    hourlyRate: 1.6,
    migProfiles: [],
  },
];

describe('recommendRightsizing', () => {
  const h100 = classOfModel(classes, 'NVIDIA H100 80GB HBM3')!;

  it.each([
    // peak MiB, peak util, recommended
    [600, 0, 'h100/1g.10gb'],
    [600, 10, 'h100/1g.10gb'],
    [600, 30, 'l40s'],
    [20000, 30, 'l40s'],
    [38000, 90, 'l40s'],
  ])(
    'recommends for %d MiB at %d%%: %s',
    (peakMemoryMiB, peakUtilisation, recommended) => {
      expect(
        recommendRightsizing({
          classes,
          current: h100,
          gpus: 4,
          peakMemoryMiB,
          peakUtilisation,
        })?.recommended,
      ).toBe(recommended);
    },
  );

  it('computes the monthly saving for every GPU', () => {
    expect(
      recommendRightsizing({
        classes,
        current: h100,
        gpus: 4,
        peakMemoryMiB: 600,
        peakUtilisation: 0,
      })?.monthlySaving,
    ).toBe((4.5 - 0.7) * 4 * 730);
  });

  it('is null when nothing cheaper fits', () => {
    expect(
      recommendRightsizing({
        classes,
        current: h100,
        gpus: 1,
        peakMemoryMiB: 70000,
        peakUtilisation: 99,
      }),
    ).toBeNull();
  });
});
