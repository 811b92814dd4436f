/**
 * What the resources ecs-pullfix creates or recommends cost: us-east-1 list prices, shared by
 * the planner (the cost of a fix) and the diagnosis (the cost of duplicate endpoints).
 */

/** Interface endpoints are billed per Availability Zone-hour, plus data processed (not estimated). */
export const INTERFACE_ENDPOINT_USD_PER_AZ_HOUR = 0.01;
export const NAT_GATEWAY_USD_PER_HOUR = 0.045;
/** NAT gateway data processing, per GB (decimal: 10^9 bytes), whichever way it flows. */
export const NAT_GATEWAY_USD_PER_GB = 0.045;
export const PUBLIC_IPV4_USD_PER_HOUR = 0.005;
export const HOURS_PER_MONTH = 730;
export const COST_ASSUMPTION =
  'us-east-1 list prices: interface endpoint $0.01 per AZ-hour, NAT gateway $0.045 per hour, public IPv4 $0.005 per hour, 730 hours a month; data processing ($0.01/GB through endpoints, $0.045/GB through NAT) is not included; S3 gateway endpoints, security groups and their rules are free';

/** What an interface endpoint in `azCount` Availability Zones costs a month, in USD (cents rounded). */
export const interfaceEndpointMonthlyUsd = (azCount: number): number =>
  Math.round(INTERFACE_ENDPOINT_USD_PER_AZ_HOUR * HOURS_PER_MONTH * azCount * 100) / 100;
