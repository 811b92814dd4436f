/**
 * One measured figure of the bench, with its goal beside it. An `advisory` figure's goal is one
 * an open issue sets and the product does not hold yet: it is printed, but a miss does not fail
 * the bench.
 */
export type Figure = {
  name: string;
  value: number;
  unit: string;
  goal: string;
  met: boolean;
  advisory?: boolean;
};

export const figure = (name: string, value: number, unit: string, goal: string, met: boolean): Figure => ({
  name,
  value,
  unit,
  goal,
  met,
});
