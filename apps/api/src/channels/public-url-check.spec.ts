import { describe, expect, it } from 'vitest';
import { publicUrlProblem } from './public-url-check';

describe('publicUrlProblem', () => {
  it('warns when the provider cannot reach the URL, or it is plain http', () => {
    for (const url of ['http://localhost:3000', 'http://127.0.0.1:8080', 'https://10.1.2.3', 'https://192.168.1.5', 'https://172.20.0.1', 'https://moflow.local', 'http://[::1]:3000']) {
      expect(publicUrlProblem(url, 'twilio'), url).toMatch(/cannot reach/);
    }
    expect(publicUrlProblem('http://moflow.example.com', 'twilio')).toMatch(/plain http/);
    expect(publicUrlProblem('not a url', 'vonage')).toMatch(/is not a URL/);
  });
  it('is quiet for a public https URL and for providers without webhooks', () => {
    expect(publicUrlProblem('https://sms.example.com', 'twilio')).toBeNull();
    expect(publicUrlProblem('https://172.32.0.1', 'twilio')).toBeNull();
    expect(publicUrlProblem('http://localhost:3000', 'smpp')).toBeNull();
    expect(publicUrlProblem('http://localhost:3000', 'simulator')).toBeNull();
  });
});
