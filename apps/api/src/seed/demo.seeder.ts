import { Injectable } from '@nestjs/common';

/** Demo channel and flow: filled in once the flows module exists. */
@Injectable()
export class DemoSeeder {
  async seed(_adminId: string): Promise<void> {}
}
