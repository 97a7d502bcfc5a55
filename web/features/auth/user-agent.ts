/**
 * A session's browser and system in a few words (`Chrome · Windows`), so people recognise their
 * devices; the full user-agent string is shown on hover. Only the common cases are told apart.
 */
export function describeUserAgent(userAgent: string | null): { browser: string | null; system: string | null } {
  if (!userAgent) return { browser: null, system: null };
  const ua = userAgent;
  const browser = /MicroMessenger\//.test(ua)
    ? 'WeChat'
    : /QQBrowser\//.test(ua)
      ? 'QQ Browser'
      : /Edg(A|iOS)?\//.test(ua)
        ? 'Edge'
        : /Firefox\/|FxiOS\//.test(ua)
          ? 'Firefox'
          : /HeadlessChrome\//.test(ua)
            ? 'Headless Chrome'
            : /Chrome\/|CriOS\//.test(ua)
              ? 'Chrome'
              : /Safari\//.test(ua)
                ? 'Safari'
                : null;
  const system = /iPhone|iPad|iPod/.test(ua)
    ? 'iOS'
    : /Android/.test(ua)
      ? 'Android'
      : /HarmonyOS|OpenHarmony/.test(ua)
        ? 'HarmonyOS'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Mac OS X|Macintosh/.test(ua)
            ? 'macOS'
            : /CrOS/.test(ua)
              ? 'ChromeOS'
              : /Linux/.test(ua)
                ? 'Linux'
                : null;
  return { browser, system };
}
