import { CreateOperations1795910600000 } from './1795910600000-create-operations.js';

export const operationsMigrations = [CreateOperations1795910600000];
