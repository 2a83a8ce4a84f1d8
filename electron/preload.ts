// placeholder — the preload
export {};
