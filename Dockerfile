# syntax=docker/dockerfile:1
# The base image is pinned by digest: a tag moves under you, a digest does not. To move to a newer
# Node 20 image, look its digest up (`docker buildx imagetools inspect node:20-bookworm-slim`)
# and change it here deliberately, or pass NODE_IMAGE=…@sha256:… from your registry mirror.
ARG NODE_IMAGE=node:20-bookworm-slim@sha256:2cf067cfed83d5ea958367df9f966191a942351a2df77d6f0193e162b5febfc0
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY src ./src
# The simulator and the demo are development tools: they never reach the production image.
RUN npm ci && npm prune --omit=dev && rm -rf lib/simulator lib/demo

FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY package.json app.yml ./
COPY bin ./bin
USER node
EXPOSE 3000
# Node directly, not npx: signals reach the app, and nothing is looked up or installed at start.
CMD ["node", "lib/server.js"]
