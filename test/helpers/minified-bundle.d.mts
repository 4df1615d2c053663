/** One line of about `size` characters: minified code that signs with `secret` near its start. */
export function minifiedBundle(size: number, secret: string): string;
