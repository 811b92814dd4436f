/** One measured figure of the bench, with its goal beside it. */
export type Figure = { name: string; value: number; unit: string; goal: string; met: boolean };

export const figure = (name: string, value: number, unit: string, goal: string, met: boolean): Figure => ({
  name,
  value,
  unit,
  goal,
  met,
});
