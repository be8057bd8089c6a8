package cn.yiwang.id.kit.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldChangesTests {

    private record Entry(String alias, String secret, int order) {}

    private static final FieldChanges<Entry> FIELDS = new FieldChanges<Entry>()
            .field("alias", Entry::alias)
            .field("secret", Entry::secret)
            .field("order", Entry::order);

    @Test
    void changedFieldsWhenSomeDifferThenTheirNamesInOrder() {
        assertThat(FIELDS.changedFields(new Entry("a", "s1", 1), new Entry("a", "s2", 2)))
                .containsExactly("secret", "order");
    }

    @Test
    void changedFieldsWhenEqualOrBothNullThenNone() {
        assertThat(FIELDS.changedFields(new Entry("a", null, 1), new Entry("a", null, 1)))
                .isEmpty();
    }

    @Test
    void fieldWhenAddedThenOriginalUnchanged() {
        FieldChanges<Entry> aliasOnly = new FieldChanges<Entry>().field("alias", Entry::alias);
        aliasOnly.field("order", Entry::order);
        assertThat(aliasOnly.changedFields(new Entry("a", null, 1), new Entry("a", null, 2)))
                .isEmpty();
    }
}
