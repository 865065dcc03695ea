export { createStsService } from './sts-service';
export type { StsService, StsServiceOptions } from './sts-service';
