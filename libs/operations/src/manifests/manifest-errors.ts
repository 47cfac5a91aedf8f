import { DomainError } from '@landbridge/common';

/** A manifest asked for in a format this service does not write (yet): XLSX, or anything but CSV. */
export class ManifestFormatNotAcceptableError extends DomainError {
  constructor(readonly accept: string) {
    super(
      'not-acceptable',
      'not-acceptable',
      /spreadsheetml/i.test(accept)
        ? 'XLSX manifests are not supported yet: ask for text/csv'
        : `A manifest is written as text/csv, not as ${accept}`,
    );
  }
}
