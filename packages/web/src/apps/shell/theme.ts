/**
 * antd theme tokens. Text and border colours are darker than antd's defaults so that every text meets
 * WCAG 2.2 AA (4.5:1) and control borders meet 3:1; elderly mode (长者模式) enlarges type and targets further.
 */
import type { ThemeConfig } from 'antd';

const FONT_FAMILY =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif';

/** Primary blue: 6.4:1 against white, so it works for links and for white text on buttons. */
export const PRIMARY = '#0b57d0';

const standard: ThemeConfig['token'] = {
  colorPrimary: PRIMARY,
  colorInfo: PRIMARY,
  colorLink: PRIMARY,
  // antd derives lighter hover colours (4.3:1 under white text): hover darker instead
  colorPrimaryHover: '#0a48ad',
  colorLinkHover: '#0a48ad',
  colorText: 'rgba(0, 0, 0, 0.88)',
  colorTextSecondary: 'rgba(0, 0, 0, 0.72)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.65)',
  colorTextDescription: 'rgba(0, 0, 0, 0.65)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.56)',
  colorBorder: '#767676',
  fontFamily: FONT_FAMILY,
  fontSize: 16,
  lineHeight: 1.6,
  borderRadius: 6,
  controlHeight: 40,
  controlHeightLG: 44,
};

const elderly: ThemeConfig['token'] = {
  ...standard,
  colorText: '#000000',
  colorTextHeading: '#000000',
  colorTextSecondary: 'rgba(0, 0, 0, 0.85)',
  colorTextTertiary: 'rgba(0, 0, 0, 0.8)',
  colorTextDescription: 'rgba(0, 0, 0, 0.8)',
  colorTextPlaceholder: 'rgba(0, 0, 0, 0.7)',
  colorBorder: '#4d4d4d',
  colorPrimary: '#0842a0',
  colorPrimaryHover: '#06337d',
  colorLink: '#0842a0',
  colorLinkHover: '#06337d',
  colorInfo: '#0842a0',
  fontSize: 20,
  fontSizeSM: 18,
  fontSizeLG: 22,
  lineHeight: 1.7,
  controlHeight: 52,
  controlHeightSM: 44,
  controlHeightLG: 56,
  lineWidth: 2,
};

/** The antd theme for standard or elderly mode. */
export function buildTheme(elderlyMode: boolean): ThemeConfig {
  return {
    token: elderlyMode ? elderly : standard,
    components: {
      Switch: elderlyMode ? { handleSize: 28, trackHeight: 32, trackMinWidth: 64 } : { trackHeight: 24, handleSize: 20, trackMinWidth: 48 },
      ...(elderlyMode ? { Radio: { radioSize: 26, dotSize: 12 } } : {}),
    },
  };
}
