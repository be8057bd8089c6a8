package cn.yiwang.id.server.console;

/**
 * One changed field as a confirm or conflict page shows it: "label: before → after". Secrets never get here;
 * a changed secret shows as a fixed "changed" text.
 *
 * @param label the message key of the field's label
 * @param before the value before (or what the administrator saw)
 * @param after the value after (or what it is now)
 */
public record FieldDiff(String label, String before, String after) {}
