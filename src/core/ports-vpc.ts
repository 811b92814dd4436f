import type { ResolverRule, Tags } from './network.js';

// The read ports' types for a VPC's names: its DHCP option set and Route 53 Resolver.

/** What the inspector reads of a VPC itself. */
export type VpcFacts = Readonly<{
  /** Its DHCP option set's id, or `default` (no set: the Amazon-provided DNS). */
  dhcpOptionsId: string;
  /** Its IPv4 CIDR blocks (the primary and any associated since). */
  cidrs: readonly string[];
  tags: Tags;
}>;

/** Route 53 Resolver: which rules answer a VPC's names (read only). */
export interface ResolverReader {
  /** `ListResolverRuleAssociations` filtered by `VPCId`: the ids of the rules associated with the VPC. */
  listResolverRuleAssociations(vpcId: string): Promise<string[]>;
  /** `ListResolverRules`: every rule the account can see (its own and those shared with it). */
  listResolverRules(): Promise<ResolverRule[]>;
}
