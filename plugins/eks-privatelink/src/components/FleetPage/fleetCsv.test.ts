import { csvField, fleetCsv, toCsv } from './fleetCsv';
import { BARE, COVERED } from '../../__testUtils__/renderFleet';

describe('toCsv', () => {
  it('quotes fields with commas, quotes or line breaks and doubles the quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(
      toCsv([
        ['a', 'b,c'],
        ['', 'd'],
      ]),
    ).toBe('a,"b,c"\r\n,d\r\n');
  });
});

describe('csvField and spreadsheet formulas', () => {
  it('opens a title that looks like a formula as text', () => {
    expect(csvField('=HYPERLINK("http://x","click")')).toBe(
      '"\'=HYPERLINK(""http://x"",""click"")"',
    );
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-prod')).toBe("'-prod");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('29.20')).toBe('29.20');
    expect(csvField('vpc-0a1b')).toBe('vpc-0a1b');
  });
});

describe('fleetCsv', () => {
  it('writes a header row and one row per VPC', () => {
    const lines = fleetCsv([COVERED]).split('\r\n');
    expect(lines[0]).toBe(
      'Entity,Title,Owner,Account,Region,VPC,EKS API endpoint,Pod Identity endpoint,Private DNS,VPC DNS,Availability Zones,Monthly cost,Currency,Drift count,Drift,Sync status,Last synced,Sync error',
    );
    expect(lines[1]).toBe(
      'resource:default/build-runners,Build runners,group:default/platform-networking,123456789012,us-east-1,vpc-0a1b2c3d4e5f60718,available,available,EKS API: on; Pod Identity: off,"support on, hostnames on",us-east-1a us-east-1b us-east-1c,29.20,USD,1,1 difference: private DNS,up to date,2025-03-02T10:00:00.000Z,',
    );
    expect(lines[2]).toBe('');
  });

  it('keeps a title with a comma, quotes and a line break in one field', () => {
    const csv = fleetCsv([BARE]);
    expect(csv).toContain(
      'resource:default/edge-vpc,"Edge, ""west""\nsecond line",,210987654321,eu-west-1,',
    );
    expect(csv).toContain(',no endpoint,no endpoint,no endpoint,');
  });
});
