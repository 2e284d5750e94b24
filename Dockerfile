# syntax=docker/dockerfile:1
# The service image: `docker build -t bytebase-im .` then `docker run -p 8080:8080 -v bbim-data:/data bytebase-im`,
# or `docker compose up` with compose.yaml (the service on PostgreSQL).
# The build stage installs every dependency and builds the web view and the server bundle; the runtime stage
# holds the bundle, the migrations and production dependencies only, and runs as the unprivileged `node` user.
# tests/integration/container-build.test.ts replays these steps (it reads this file) on a host without Docker.

ARG NODE_VERSION=20.19
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts/ensure-web.mjs scripts/ensure-server.mjs ./scripts/
COPY web ./web
COPY src ./src
COPY db ./db
COPY adapters ./adapters
RUN npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund
# The service finds migrations/ and web/dist/ beside package.json.
COPY migrations ./migrations
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
RUN mkdir -p /data && chown node:node /data
USER node
# The embedded store, its generated secret key and embedded target databases (none of it with DATABASE_URL and SECRET_KEY set).
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself as PID 1 (no npm in between): SIGTERM reaches the service, which drains and stops in time.
CMD ["node", "dist/server/main.mjs"]
