import { Injectable } from '@nestjs/common';
import { NotFoundError, type Page } from '@landbridge/common';
import type { EntityManager } from 'typeorm';
import { OrganizationNameTakenError } from '../identity-errors.js';
import { type CreateOrganizationDto, OrganizationDto } from './organization.dto.js';
import { type OrganizationRecord, OrganizationsRepository } from './organizations.repository.js';

/** Organizations: exporters (shippers) and operators (terminal and platform staff). */
@Injectable()
export class OrganizationsService {
  constructor(private readonly organizations: OrganizationsRepository) {}

  async create(input: CreateOrganizationDto): Promise<OrganizationDto> {
    const created = await this.organizations.insert({ name: input.name, kind: input.kind });
    if (!created) throw new OrganizationNameTakenError(input.name);
    return OrganizationDto.of(created);
  }

  /** Which of these ids (UUIDs) are exporter organizations, in one query. */
  async exporterIds(ids: readonly string[]): Promise<Set<string>> {
    const found = ids.length ? await this.organizations.findByIds(ids) : [];
    return new Set(found.filter((organization) => organization.kind === 'exporter').map(({ id }) => id));
  }

  /** The organization with this id (id, name, kind); NotFoundError when there is none. */
  async get(id: string, em?: EntityManager): Promise<OrganizationRecord> {
    const organization = await this.organizations.findById(id, em);
    if (!organization) throw new NotFoundError('Organization', id);
    return organization;
  }

  /** The names of these organizations by id, in one query (for documents that show who an id is). */
  async namesOf(ids: readonly string[]): Promise<Map<string, string>> {
    const found = ids.length ? await this.organizations.findByIds(ids) : [];
    return new Map(found.map((organization) => [organization.id, organization.name]));
  }

  async list(limit: number, cursor?: string): Promise<Page<OrganizationDto>> {
    const page = await this.organizations.page(limit, cursor);
    return { items: page.items.map(OrganizationDto.of), nextCursor: page.nextCursor };
  }
}
