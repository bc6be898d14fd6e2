/** The predictor's public types live in src/shared (the client shows them too). */
export * from '../../shared/prediction';
