import { Injectable } from '@nestjs/common';
import type { RunSummaryDto } from '@moflow/api-contract';
import { Subject, type Observable } from 'rxjs';

/** New and updated runs, for the SSE stream. In-process only: each API replica streams what it ran. */
@Injectable()
export class RunEventsBus {
  private readonly subject = new Subject<RunSummaryDto>();

  publish(run: RunSummaryDto): void {
    this.subject.next(run);
  }

  get runs(): Observable<RunSummaryDto> {
    return this.subject.asObservable();
  }
}
