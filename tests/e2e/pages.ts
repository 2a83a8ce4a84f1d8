// Page objects: what a clerk sees and does, named as they would name it.
import { expect, type Page } from '@playwright/test';
import type { ContactRole } from '../../shared/domain';

export class CatalogPage {
  constructor(readonly page: Page) {}

  async search(query: string) {
    const input = this.page.getByTestId('catalog-search').locator('input');
    await input.click();
    await input.fill(query);
    await expect(this.page.getByTestId('search-hit').first()).toBeVisible();
  }

  async openHit(text: string) {
    await this.page.getByTestId('search-hit').filter({ hasText: text }).first().click();
  }
}

export class HouseholdPage {
  constructor(readonly page: Page) {}

  title() {
    return this.page.getByTestId('household-title');
  }

  members() {
    return this.page.getByTestId('members');
  }

  contact(role: ContactRole) {
    return this.page.getByTestId(`contact-${role}`);
  }

  phone(role: ContactRole) {
    return this.page.getByTestId(`phone-${role}`);
  }

  /** Opens the edit dialog, types the phone and presses 保存. */
  async editPhone(role: ContactRole, phone: string) {
    await this.page.getByTestId(`edit-${role}`).click();
    const input = this.page.getByTestId('phone-input');
    await input.fill(phone);
    await this.page.getByRole('button', { name: '保 存' }).or(this.page.getByRole('button', { name: '保存' })).click();
  }

  dialog() {
    return this.page.getByRole('dialog');
  }
}

export class RosterDialog {
  constructor(readonly page: Page) {}

  async open() {
    await this.page.getByRole('button', { name: '导入花名册' }).click();
  }

  async upload(name: string, buffer: Buffer) {
    await this.page.getByRole('dialog').locator('input[type=file]').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
    await this.page.getByTestId('roster-start').click();
  }

  result() {
    return this.page.getByTestId('roster-result');
  }

  problems() {
    return this.page.getByTestId('roster-problems');
  }
}
