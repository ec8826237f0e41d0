import type { Page } from 'playwright-core';

export class LoginPage {
  constructor(private readonly page: Page) {}
  async signIn(email: string, password: string): Promise<void> {
    await this.page.goto('/');
    await this.page.getByLabel('Email').fill(email);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Sign in' }).click();
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }
}
