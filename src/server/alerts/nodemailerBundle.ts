/**
 * Entry of dist/lib/nodemailer.js: nodemailer in a bundle of its own, so that the
 * server bundle does not carry it and it loads on the first email only (see email.ts).
 */
export { createTransport } from 'nodemailer';
