// The single IPC channel the preload allows. Kept free of imports: the sandboxed preload bundles only this.
export const IPC_CHANNEL = 'dangka:api';
