export type PortRange = Readonly<{ from: number; to: number }>;

/** The Linux ephemeral port range a task's connections come back on. */
export const EPHEMERAL: PortRange = { from: 32768, to: 60999 };
export const HTTPS: PortRange = { from: 443, to: 443 };
/** NFS: what an EFS mount target listens on. */
export const NFS: PortRange = { from: 2049, to: 2049 };
