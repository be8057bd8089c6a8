package cn.yiwang.id.server.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/** A data source that records every SQL text and every bound parameter sent through it, for tests. */
final class RecordingDataSource {

    private final List<String> sent = new CopyOnWriteArrayList<>();

    private final DataSource dataSource;

    RecordingDataSource(DataSource target) {
        this.dataSource = proxy(DataSource.class, target, (method, args, result) -> {
            if (result instanceof Connection connection) {
                return proxy(Connection.class, connection, this::onConnection);
            }
            return result;
        });
    }

    DataSource dataSource() {
        return this.dataSource;
    }

    /** SQL texts and bound parameter values, in the order sent. */
    List<String> sent() {
        return List.copyOf(this.sent);
    }

    private Object onConnection(Method method, Object[] args, Object result) {
        if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
            this.sent.add(sql);
        }
        if (result instanceof PreparedStatement statement) {
            return proxy(PreparedStatement.class, statement, this::onStatement);
        }
        if (result instanceof Statement statement) {
            return proxy(Statement.class, statement, this::onStatement);
        }
        return result;
    }

    private Object onStatement(Method method, Object[] args, Object result) {
        if (args != null) {
            if (method.getName().startsWith("set") && args.length >= 2) {
                this.sent.add(String.valueOf(args[1]));
            } else if (method.getName().startsWith("execute") && args[0] instanceof String sql) {
                this.sent.add(sql);
            }
        }
        return result;
    }

    private interface After {
        Object apply(Method method, Object[] args, Object result) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T target, After after) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
            return after.apply(method, args, result);
        }));
    }
}
