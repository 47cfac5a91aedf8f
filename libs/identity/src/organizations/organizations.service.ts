import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  ConflictError,
  decodeCursor,
  encodeCursor,
  isUniqueViolation,
  NotFoundError,
  type Page,
  toPage,
} from '@landbridge/common';
import { MoreThan, Repository } from 'typeorm';
import { type CreateOrganizationDto, OrganizationDto } from './organization.dto.js';
import { Organization } from './organization.entity.js';

@Injectable()
export class OrganizationsService {
  constructor(@InjectRepository(Organization) private readonly organizations: Repository<Organization>) {}

  async create(input: CreateOrganizationDto): Promise<OrganizationDto> {
    try {
      return OrganizationDto.of(await this.organizations.save(this.organizations.create(input)));
    } catch (error) {
      if (isUniqueViolation(error, 'organizations_name_unique')) {
        throw new ConflictError(`An organization named ${input.name} already exists`);
      }
      throw error;
    }
  }

  async get(id: string): Promise<Organization> {
    const organization = await this.organizations.findOneBy({ id });
    if (!organization) throw new NotFoundError('Organization', id);
    return organization;
  }

  async list(limit: number, cursor?: string): Promise<Page<OrganizationDto>> {
    const after = cursor ? decodeCursor(cursor, ['uuid'])[0] : undefined;
    const rows = await this.organizations.find({
      where: after === undefined ? {} : { id: MoreThan(after) },
      order: { id: 'ASC' },
      take: limit + 1,
    });
    return toPage(rows, limit, OrganizationDto.of, (row) => encodeCursor([row.id]));
  }
}
