/**
 * Imported first by every module of this backend that loads the AWS SDK.
 *
 * The SDK prints a "NodeVersionSupportWarning" on Node 20 when it builds a
 * client; users of the CLI and the TUI must never see it. The SDK only honours
 * the exact value `true` (not `1`).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export {};
