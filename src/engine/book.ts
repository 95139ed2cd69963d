/** The book moved to src/engine/portfolio; this path stays for the modules that import it from here. */
export * from './portfolio/book.js';
