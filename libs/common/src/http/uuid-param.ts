import { ParseUUIDPipe } from '@nestjs/common';

/** A path id that is not a UUID names nothing: 404, as for an id that does not exist. */
export const UUID_404 = new ParseUUIDPipe({ errorHttpStatusCode: 404 });
